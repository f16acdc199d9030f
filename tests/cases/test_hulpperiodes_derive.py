"""The pure derivation of hulpperiodes, on EXAMPLE-WORLD.md's dossiers D1-D4."""

from datetime import date

from cases.hulpperiodes import Change, ContactFact, derive


def c(d, hulpsoort, minutes=30):
    return ContactFact(datum=date.fromisoformat(d), hulpsoort=hulpsoort, duur_minuten=minutes)


def s(naar, d, reden=""):
    return Change(naar=naar, datum=date.fromisoformat(d), reden_beeindiging=reden)


def test_waakvlam_ends_help_and_reactivation_starts_a_new_period():
    # D1: activated by the first help contact, waakvlam, reactivated, closed.
    changes = [s("aangemeld", "2019-11-01"), s("actief", "2019-11-05"), s("waakvlam", "2020-02-15"),
               s("actief", "2020-05-10"), s("afgesloten", "2020-08-31", "01")]
    contacts = [c("2019-11-05", "licht"), c("2020-01-20", "middelzwaar"), c("2020-05-12", "licht")]
    p1, p2 = derive(changes, contacts, "licht", ["scheiding"])
    assert (p1.start, p1.einde, p1.hulpsoort, p1.einde_door) == (date(2019, 11, 5), date(2020, 1, 20), "middelzwaar", "waakvlam")
    assert (p2.start, p2.einde, p2.hulpsoort, p2.einde_door, p2.reden_beeindiging) == (
        date(2020, 5, 10), date(2020, 5, 12), "licht", "afsluiting", "01")
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


def test_period_without_help_contact_ends_on_its_start():
    changes = [s("aangemeld", "2020-01-01"), s("actief", "2020-02-01"), s("waakvlam", "2020-03-01")]
    (p,) = derive(changes, [], "middelzwaar", ["school"])
    assert (p.start, p.einde, p.hulpsoort) == (date(2020, 2, 1), date(2020, 2, 1), "middelzwaar")


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
