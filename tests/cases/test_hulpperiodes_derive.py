"""The pure derivation of hulpperiodes (definitions 2027.1), on EXAMPLE-WORLD.md's dossiers D1-D4 and the edges."""

from datetime import date

from cases.hulpperiodes import Change, ContactFact, derive


def c(d, hulpsoort, minutes=30, inzet="hulp", categorieen=()):
    return ContactFact(datum=date.fromisoformat(d), hulpsoort=hulpsoort, duur_minuten=minutes, inzet=inzet,
                       categorieen=frozenset(categorieen))


def s(naar, d, reden="", **outcome):
    return Change(naar=naar, datum=date.fromisoformat(d), reden_beeindiging=reden, **outcome)


def test_waakvlam_ends_help_and_reactivation_starts_a_new_period():
    # D1: activated by the first help contact, waakvlam, reactivated, closed.
    changes = [s("aangemeld", "2019-11-01"), s("actief", "2019-11-05"), s("waakvlam", "2020-02-15"),
               s("actief", "2020-05-10"), s("afgesloten", "2020-08-31", "01")]
    contacts = [c("2019-11-05", "licht"), c("2020-01-20", "middelzwaar"), c("2020-05-12", "licht")]
    p1, p2 = derive(changes, contacts, "licht", ["scheiding"])
    assert (p1.start, p1.einde, p1.hulpsoort, p1.einde_door) == (date(2019, 11, 5), date(2020, 1, 20), "middelzwaar", "waakvlam")
    # 2027.1: help starts at the stretch's first hulpcontact (2020-05-12), not at the activation (2020-05-10).
    assert (p2.start, p2.einde, p2.hulpsoort, p2.einde_door, p2.reden_beeindiging, p2.actief_sinds) == (
        date(2020, 5, 12), date(2020, 5, 12), "licht", "afsluiting", "01", date(2020, 5, 10))
    assert (p1.aantal_contacten, p1.contactminuten, p2.aantal_contacten) == (2, 60, 1)


def test_running_period_takes_heaviest_contact_and_has_no_end():
    # D2: a preventief contact does not activate; help from 2020-04-14, still running.
    changes = [s("aangemeld", "2020-03-01"), s("actief", "2020-04-14")]
    contacts = [c("2020-03-03", "preventief"), c("2020-04-14", "licht"), c("2020-09-01", "zwaar")]
    (p3,) = derive(changes, contacts, "licht", ["opvoeding"])
    assert (p3.start, p3.einde, p3.hulpsoort, p3.aantal_contacten) == (date(2020, 4, 14), None, "zwaar", 2)


def test_closed_without_ever_being_active_gives_no_period():
    # D3: only a preventief contact, closed from aangemeld.
    changes = [s("aangemeld", "2020-06-01"), s("afgesloten", "2020-07-01", "02")]
    assert derive(changes, [c("2020-06-01", "preventief")], "preventief", ["opvoeding"]) == []


def test_stretch_without_help_contact_gives_no_period():
    changes = [s("aangemeld", "2020-01-01"), s("actief", "2020-02-01"), s("waakvlam", "2020-03-01", "01")]
    assert derive(changes, [c("2020-02-10", "preventief")], "middelzwaar", ["school"]) == []


def test_running_stretch_without_help_contact_is_waiting():
    changes = [s("aangemeld", "2020-01-01"), s("actief", "2020-02-01")]
    assert derive(changes, [], "middelzwaar", ["school"]) == []


def test_activated_weeks_before_the_first_help_contact_starts_at_that_contact():
    changes = [s("aangemeld", "2020-01-01"), s("actief", "2020-01-06")]
    contacts = [c("2020-01-10", "licht", inzet="toegang"), c("2020-02-17", "middelzwaar"), c("2020-03-02", "licht", inzet="regie")]
    (p,) = derive(changes, contacts, "zwaar", ["school"])
    assert (p.actief_sinds, p.start, p.einde, p.hulpsoort, p.aantal_contacten, p.contactminuten) == (
        date(2020, 1, 6), date(2020, 2, 17), None, "middelzwaar", 2, 60)


def test_only_inzet_hulp_is_help():
    changes = [s("actief", "2020-01-06"), s("afgesloten", "2020-06-30", "01")]
    contacts = [c("2020-01-10", "zwaar", inzet=inzet) for inzet in ("advies", "toegang", "regie")]
    assert derive(changes, contacts, "zwaar", ["school"]) == []


def test_hulpsoort_is_the_heaviest_hulpcontact_never_the_dossiers():
    changes = [s("actief", "2020-01-06")]
    contacts = [c("2020-01-10", "licht"), c("2020-01-20", "zwaar", inzet="regie"), c("2020-01-21", "preventief")]
    (p,) = derive(changes, contacts, "zwaar", [])
    assert (p.hulpsoort, p.aantal_contacten) == ("licht", 3)


def test_ended_period_takes_reden_and_outcome_of_the_change_that_ended_it():
    changes = [s("actief", "2020-01-06"),
               s("waakvlam", "2020-03-01", "02", doelen_bereikt="deels", tevredenheid=4, zonder_hulp_verder="ja")]
    (p,) = derive(changes, [c("2020-01-10", "licht")], "licht", [])
    assert (p.einde_door, p.reden_beeindiging, p.doelen_bereikt, p.tevredenheid, p.zonder_hulp_verder) == (
        "waakvlam", "02", "deels", 4, "ja")


def test_counts_and_categories_take_every_contact_within_the_period_of_any_inzet():
    changes = [s("actief", "2020-01-06"), s("afgesloten", "2020-06-30", "01")]
    contacts = [c("2020-01-07", "licht", inzet="toegang", categorieen={"school"}),  # before the first hulpcontact
                c("2020-01-10", "licht", categorieen={"sociaal"}),
                c("2020-02-01", "preventief", 15, inzet="advies", categorieen={"ouder"}),
                c("2020-03-01", "middelzwaar"),
                c("2020-04-01", "licht", inzet="regie", categorieen={"middelen"})]  # after the last hulpcontact
    (p,) = derive(changes, contacts, "licht", ["opvoeding"])
    assert (p.start, p.einde, p.aantal_contacten, p.contactminuten, p.categorieen) == (
        date(2020, 1, 10), date(2020, 3, 1), 3, 75, ("opvoeding", "ouder", "sociaal"))


def test_categories_are_union_of_dossier_and_contacts():
    changes = [s("actief", "2020-02-01")]
    contacts = [ContactFact(datum=date(2020, 2, 3), hulpsoort="licht", duur_minuten=10, categorieen=frozenset({"school", "sociaal"}))]
    (p,) = derive(changes, contacts, "licht", ["opvoeding"])
    assert p.categorieen == ("opvoeding", "school", "sociaal")


def test_contact_on_boundary_day_belongs_to_the_later_period():
    changes = [s("actief", "2020-01-01"), s("waakvlam", "2020-02-01"), s("actief", "2020-02-01")]
    contacts = [c("2020-01-10", "licht"), c("2020-02-01", "zwaar")]
    p1, p2 = derive(changes, contacts, "licht", [])
    assert (p1.einde, p1.hulpsoort) == (date(2020, 1, 10), "licht")
    assert (p2.start, p2.hulpsoort, p2.aantal_contacten) == (date(2020, 2, 1), "zwaar", 1)


def test_preventief_contacts_after_last_help_do_not_extend_the_period():
    changes = [s("actief", "2020-01-01"), s("afgesloten", "2020-06-30", "01")]
    contacts = [c("2020-01-05", "licht"), c("2020-03-01", "preventief")]
    (p,) = derive(changes, contacts, "licht", [])
    assert (p.einde, p.aantal_contacten, p.contactminuten) == (date(2020, 1, 5), 1, 30)
