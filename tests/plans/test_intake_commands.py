"""import_plan and export_plan from the shell."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from plans.models import Measure, Plan
from tests.conftest import OPEN_GOV
from tests.plans.intake_helpers import csv_bytes

pytestmark = pytest.mark.django_db


def test_export_then_dry_run_then_create_from_the_shell(seeded, tmp_path, capsys):
    path = tmp_path / "plan.xlsx"
    call_command("export_plan", str(path), plan=OPEN_GOV)
    assert path.stat().st_size > 5000
    call_command("import_plan", str(path), plan=OPEN_GOV, dry_run=True)
    out = capsys.readouterr().out
    assert "0 created, 0 changed" in out and "Dry run: nothing saved." in out
    call_command(
        "import_plan", str(path), plan="copy", create=True, title="Surət", years="2020-2022"
    )
    out = capsys.readouterr().out
    assert "Saved plan copy" in out
    assert Measure.objects.filter(plan__slug="copy").count() == seeded[OPEN_GOV].measures.count()


def test_import_plan_prints_errors_and_saves_nothing(seeded, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([["Nömrə", "Ad"], ["1", "P"], ["1.1", ""]]))
    with pytest.raises(CommandError, match="1 errors"):
        call_command("import_plan", str(path), plan="x", create=True, title="X", years="2022-2023")
    assert "row 3" in capsys.readouterr().out
    assert not Plan.objects.filter(slug="x").exists()


def test_a_plan_in_force_needs_a_legal_basis_from_the_shell(seeded, tmp_path):
    path = tmp_path / "plan.csv"
    call_command("export_plan", str(path), plan=OPEN_GOV)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    deadline = rows[0].index("İcra müddəti")
    measure_row = next(row for row in rows if row[0] == "1.1")
    measure_row[deadline] = "IV rüb 2022"
    path.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError, match="--basis"):
        call_command("import_plan", str(path), plan=OPEN_GOV)
    call_command("import_plan", str(path), plan=OPEN_GOV, basis="Fərman № 1", reason="test")
    amendment = seeded[OPEN_GOV].amendments.get()
    assert amendment.measure.number == "1.1" and amendment.legal_basis == "Fərman № 1"
