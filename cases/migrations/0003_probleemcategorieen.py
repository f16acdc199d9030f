from django.db import migrations

# DOMAIN.md section 4: the starting list. Codes stay stable; the beheerder may rename or add.
CATEGORIES = [
    ("opvoeding", "Opvoedvragen en gezinsrelaties"),
    ("scheiding", "(V)echtscheiding"),
    ("psychisch", "Psychische klachten, gedrag, emoties"),
    ("ontwikkeling", "Ontwikkeling, LVB, autisme"),
    ("school", "Onderwijs, verzuim"),
    ("veiligheid", "Huiselijk geweld, kindermishandeling"),
    ("middelen", "Alcohol, drugs, gamen"),
    ("ouder", "Problematiek van de ouder: psychisch, verslaving, LVB"),
    ("bestaanszekerheid", "Geld, schulden, huisvesting"),
    ("sociaal", "Vrienden, pesten, eenzaamheid"),
    ("gezondheid", "Lichamelijke gezondheid"),
    ("justitie", "Politie, criminaliteit"),
    ("overig", "Overig"),
]


def add(apps, schema_editor):
    Probleemcategorie = apps.get_model("cases", "Probleemcategorie")
    for code, naam in CATEGORIES:
        Probleemcategorie.objects.get_or_create(code=code, defaults={"naam": naam})


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
