"""`vigil hotline networks ...`, `contacts ...` and `notices preview`, run as a person would."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_runner import Invoke
from tests.hotline.networks_data import OPERATORS, write_asn_mmdb, write_delegated


def test_networks_import_reports_counts_and_lookup_answers(vigil: Invoke, tmp_path: Path) -> None:
    rir = write_delegated(tmp_path / "delegated-ripencc-extended-latest")
    mmdb = write_asn_mmdb(tmp_path / "GeoLite2-ASN.mmdb", OPERATORS)
    result = vigil("hotline", "networks", "import", str(rir), "--mmdb", str(mmdb))
    assert result.exit_code == 0, result.output
    assert "Loaded 4 country ranges." in result.stdout
    assert "Loaded 3 operator ranges." in result.stdout

    found = vigil("hotline", "networks", "lookup", "192.0.2.7")
    assert found.exit_code == 0, found.output
    assert "192.0.2.7: country BE (ripencc)" in found.stdout
    assert "operator: AS64500 Example Hosting BV" in found.stdout

    as_json = vigil("hotline", "networks", "lookup", "203.0.113.9", "--json")
    assert json.loads(as_json.stdout) == {
        "address": "203.0.113.9",
        "country": None,
        "rir": None,
        "asn": None,
        "as_name": None,
    }


def test_a_malformed_file_fails_naming_file_line_and_column(vigil: Invoke, tmp_path: Path) -> None:
    bad = write_delegated(tmp_path / "bad", ["ripencc|BE|ipv4|192.0.2.0|0|20040203|allocated|x"])
    result = vigil("hotline", "networks", "import", str(bad))
    assert result.exit_code == 1
    assert f"{bad}, line 4, column value: '0' is not a whole number" in result.stderr


def test_lookup_says_when_no_networks_are_loaded(vigil: Invoke) -> None:
    result = vigil("hotline", "networks", "lookup", "192.0.2.7")
    assert "192.0.2.7: country unknown" in result.stdout
    assert "No networks are loaded" in result.stdout
    refused = vigil("hotline", "networks", "lookup", "not-an-address")
    assert refused.exit_code == 1 and "is not an IP address" in refused.stderr


def test_contacts_add_list_and_remove(vigil: Invoke, tmp_path: Path) -> None:
    police = vigil(
        "hotline", "contacts", "add", "Federal Computer Crime Unit",
        "--kind", "police", "--country", "be", "--language", "nl",
        "--email", "fccu@police.example",
    )  # fmt: skip
    assert police.exit_code == 0, police.output
    assert "Added contact 1: police BE Federal Computer Crime Unit." in police.stdout
    partner = vigil(
        "hotline", "contacts", "add", "Meldpunt Voorbeeld",
        "--kind", "partner_hotline", "--country", "NL", "--language", "nl",
        "--webhook", "https://meldpunt.example/notices",
    )  # fmt: skip
    assert partner.exit_code == 0, partner.output
    assert "Its webhook secret, to give to the partner (shown once): " in partner.stdout
    host = vigil(
        "hotline", "contacts", "add", "Example Hosting abuse desk",
        "--kind", "host_abuse", "--country", "BE", "--language", "fr", "--asn", "64500",
        "--email", "abuse@hosting.example",
    )  # fmt: skip
    assert host.exit_code == 0, host.output

    listed = vigil("hotline", "contacts", "list", "--json")
    records = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["kind"], r["country"], r["asn"]) for r in records] == [
        ("host_abuse", "BE", 64500),
        ("partner_hotline", "NL", None),
        ("police", "BE", None),
    ]
    assert "secret" not in listed.stdout
    table = vigil("hotline", "contacts", "list")
    assert "fccu@police.example" in table.stdout and "https://meldpunt.example" in table.stdout

    removed = vigil("hotline", "contacts", "remove", "1")
    assert removed.exit_code == 0 and "Removed contact 1" in removed.stdout
    assert "fccu@police.example" not in vigil("hotline", "contacts", "list").stdout
    again = vigil("hotline", "contacts", "remove", "1")
    assert again.exit_code == 1 and "there is no contact 1" in again.stderr


def test_a_webhook_secret_can_come_from_a_file(vigil: Invoke, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("a shared secret of the partner\n", encoding="utf-8")
    result = vigil(
        "hotline", "contacts", "add", "Meldpunt Voorbeeld",
        "--kind", "partner_hotline", "--country", "NL", "--language", "en",
        "--webhook", "https://meldpunt.example/notices", "--secret-file", str(secret),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "shown once" not in result.stdout


def test_a_wrong_contact_fails_saying_what_to_give(vigil: Invoke) -> None:
    result = vigil(
        "hotline", "contacts", "add", "Example Hosting",
        "--kind", "host_abuse", "--country", "BE", "--language", "nl",
        "--email", "abuse@hosting.example",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "found by its operator's AS number: give --asn" in result.stderr


def test_notices_preview_prints_a_notice_in_the_language_asked(vigil: Invoke) -> None:
    result = vigil("hotline", "notices", "preview", "--kind", "host_abuse", "--language", "de")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Subject: Löschaufforderung HL-2026-000123")
    assert "Sehr geehrte Damen und Herren," in result.stdout
    assert "https://files.example.com/a/1234.html" in result.stdout


def test_report_names_its_source_and_refuses_a_url_with_credentials(vigil: Invoke) -> None:
    sent = vigil("hotline", "report", "https://example.org/a", "--source", "phone", "--json")
    assert sent.exit_code == 0, sent.output
    reference = json.loads(sent.stdout)["reference"]
    shown = json.loads(vigil("hotline", "show", reference, "--json").stdout)
    assert shown["urls"][0]["url"] == "https://example.org/a"
    refused = vigil("hotline", "report", "https://me:pw@example.org/")
    assert refused.exit_code == 1 and "user name or password" in refused.stderr


def test_import_reads_csv_and_json_lines_once_and_refuses_a_bad_file_whole(
    vigil: Invoke, tmp_path: Path
) -> None:
    sheet = tmp_path / "partner.csv"
    sheet.write_text(
        "url,description,external_id\n"
        "https://example.org/a,an album,p-1\n"
        "https://example.org/b.jpg,,p-1\n"
        "https://example.net/c,one of its own,\n",
        encoding="utf-8",
    )
    first = vigil("hotline", "import", str(sheet))
    assert first.exit_code == 0, first.output
    assert "2 new reports, 0 already there" in first.stdout
    again = vigil("hotline", "import", str(sheet))
    assert "1 new reports, 1 already there" in again.stdout  # the row without an id is new
    lines = tmp_path / "more.jsonl"
    lines.write_text('{"url": "https://example.org/d"}\n\n{"url": "https://example.org/e"}\n')
    assert "2 new reports" in vigil("hotline", "import", str(lines)).stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("url\nhttps://example.org/f\nftp://example.org/g\n", encoding="utf-8")
    refused = vigil("hotline", "import", str(bad))
    assert refused.exit_code == 1
    assert "bad.csv, line 3, column url" in refused.stderr and "http://" in refused.stderr
    after = vigil("hotline", "report", "https://example.org/h", "--json")
    assert json.loads(after.stdout)["reference"].endswith("-000006")  # bad.csv stored nothing
