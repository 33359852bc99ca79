"""What a newcomer tripped on (issue 13), each point tried in Chromium; every page visited is
looked at too (conftest.Visit.look: unique ids, axe-core, reflow at 320 px)."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pyotp
import zxingcpp
from PIL import Image

from tests.browser.conftest import PASSWORD, today


def test_the_enrolment_qr_code_shows_and_reads_back_as_the_key_written_in_fours(visit, tmp_path):
    page = visit.go("/login")
    page.get_by_label("Username").fill("nina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Set up your second factor").wait_for()
    visit.look("20-enrol")
    qr = page.get_by_role("img", name="QR code for your authenticator app")
    assert qr.evaluate("img => img.complete && img.naturalWidth") > 0  # decoded, not broken
    qr.screenshot(path=str(tmp_path / "qr.png"))
    found = zxingcpp.read_barcodes(Image.open(tmp_path / "qr.png"))
    assert len(found) == 1 and found[0].text.startswith("otpauth://totp/")
    written = page.locator("#totp-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", written), written
    key = written.replace(" ", "")
    assert f"secret={key}" in unquote(found[0].text)
    page.get_by_label("Code").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Your recovery codes").wait_for()
    visit.look()


def test_the_event_box_has_its_own_name_and_every_id_is_used_once(visit):
    visit.sign_in("alice")
    page = visit.go(f"/cases/{visit.site.files['runaway']}")
    visit.look()
    page.get_by_text("Record a call, sighting or contact").click()
    box = page.get_by_role("textbox", name="What happened")
    box.fill("Seen at the station.")
    assert box.get_attribute("name") == "text" and box.get_attribute("id") == "f-event-text"
    assert page.get_by_role("textbox", name="Add a note").input_value() == ""
    page.get_by_role("textbox", name="Add a note").click()  # its label no longer points here
    assert page.evaluate("document.activeElement.id") == "f-note-text"


def test_back_after_a_search_and_the_next_page_shows_each_list_again(visit):
    visit.sign_in("alice")
    page = visit.go("/cases")
    page.get_by_label("Search").fill("lena")
    page.get_by_label("Type").select_option("sexting")
    page.get_by_role("button", name="Find").click()
    page.get_by_text("60 files").wait_for()
    first = page.url
    assert "lena" not in first.lower() and "search=" in first and "type=sexting" in first
    visit.look("21-search")
    page.get_by_role("link", name="Next").click()
    page.wait_for_url("**page=2**")
    visit.look()
    second_page = page.locator("tbody a").first.inner_text()
    answers = []
    page.on("response", lambda r: answers.append((r.request.method, r.url)))
    page.go_back()
    assert page.url == first and page.get_by_label("Search").input_value() == "lena"
    assert all(method == "GET" for method, _ in answers)  # no form sent again
    assert page.locator("tbody a").first.inner_text() != second_page
    page.go_forward()
    assert page.locator("tbody a").first.inner_text() == second_page


def test_no_page_scrolls_sideways_at_320_px(visit):
    visit.sign_in("sam")
    for path in ("/", "/figures", "/cases", "/cases/new", "/team", "/audit", "/account"):
        visit.go(path)
        visit.look()
    visit.go(f"/cases/{visit.site.files['runaway']}/manage")
    visit.look("22-manage")


def test_every_error_of_a_form_is_listed_at_the_top_and_links_to_its_field(visit):
    visit.sign_in("alice")
    page = visit.go("/cases/new")
    page.get_by_label("Type of file").select_option("parental_abduction")
    page.get_by_label("Birth date").fill("2031-01-01")
    page.get_by_label("Or estimated age").fill("ten")
    page.get_by_role("button", name="Open the file").click()
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading"))
    summary.wait_for()
    visit.look("23-intake-errors")
    listed = summary.get_by_role("link").all_inner_texts()
    assert len(listed) == 2, listed  # the age, and the first rule the intake breaks
    assert "not a whole number" in listed[0] and "scope" in listed[1]
    summary.get_by_role("link", name=re.compile("not a whole number")).click()
    assert page.evaluate("document.activeElement.id") == "f-child_age"

    page = visit.go(f"/cases/{visit.site.files['runaway']}")
    page.get_by_label("Link to file (reference)").fill("RUN-1999-99999")
    page.get_by_role("button", name="Link").click()
    error = page.locator("#e-link-other")
    error.wait_for()
    assert "RUN-1999-99999" in error.inner_text() and page.locator("h1").count() == 1
    assert page.get_by_label("Link to file (reference)").get_attribute("aria-invalid") == "true"
    visit.look()


def test_a_dutch_page_speaks_dutch_about_a_closing_and_its_numbers(visit):
    visit.sign_in("alice")
    page = visit.go("/account")
    page.get_by_label("Language of the pages").select_option("nl")
    page.get_by_role("button", name="Save").click()
    page = visit.go(f"/cases/{visit.site.files['runaway']}/close")
    page.get_by_label("Afloop").select_option("returned")
    page.get_by_role("button", name="Dossier afsluiten").click()
    timeline = page.locator("ol.timeline")
    timeline.wait_for()
    assert "Gesloten: Teruggekeerd" in timeline.inner_text(), timeline.inner_text()
    assert "closed:" not in page.content()
    visit.look("24-closed-nl")
    page = visit.go(f"/cases/{visit.site.files['uam']}")
    assert page.get_by_label("Uiterlijk op").count() == 1
    page = visit.go(f"/figures?year={today().year}")
    cells = " ".join(page.locator("td.num").all_inner_texts())
    assert "." not in re.sub(r"\d\.\d{3}", "", cells)  # no decimal point in Dutch numbers
    visit.look()


def test_what_a_colour_or_a_count_says_is_true(visit):
    visit.sign_in("alice")
    page = visit.go(f"/cases/{visit.site.files['runaway']}")
    late = page.locator(".tasks .due", has_text="overdue since")
    on_time = page.locator(".tasks .due", has_text="by ")
    assert late.count() == 1 and on_time.count() == 1
    red = late.evaluate("e => getComputedStyle(e).color")
    assert red != on_time.evaluate("e => getComputedStyle(e).color")
    page = visit.go(f"/figures?year={today().year}")
    assert "to date" in page.locator("h1").inner_text()
    assert "at the end of the year" not in page.content()
    page = visit.go("/cases?sort=reference")
    assert "62 files" in page.locator(".count").inner_text()
    shown = page.locator("tbody tr td:first-child a").all_inner_texts()
    assert shown == sorted(shown)
    page.get_by_role("link", name="Page 2").click()
    page.get_by_role("link", name="Previous").wait_for()
    visit.look()
    visit.go(f"/cases/{visit.site.files['runaway']}/close")
    page.get_by_label("Outcome").select_option("returned")
    page.get_by_role("button", name="Close the file").click()
    page.get_by_text("The file is closed.").wait_for()
    assert page.get_by_label("New task").count() == 0
    assert page.get_by_label("Link to file (reference)").count() == 0


def test_a_supervisor_sees_the_overdue_tasks_and_worrying_files_of_each_worker(visit):
    visit.sign_in("sam")
    page = visit.page
    assert "1 task of the team is overdue" in page.locator("#h-team + p").inner_text()
    page.get_by_role("link", name="The team's work, per worker").click()
    row = page.get_by_role("row", name=re.compile("Alice Verbeke"))
    assert row.get_by_role("cell").nth(2).inner_text() == "1"
    assert page.get_by_text("Call the school").is_visible()
    visit.look("25-team")


def test_the_small_things_a_newcomer_missed(visit, other_visit):
    visit.sign_in("alice")
    page = visit.go(f"/cases/{visit.site.files['runaway']}")
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Files").click()
    page.wait_for_url("**/cases")
    page = visit.go("/cases/new")  # a half-typed call, then the duplicates' links
    page.get_by_label("Type of file").select_option("runaway")
    page.get_by_label("First name").first.fill("Mila")
    page.get_by_label("Last name").first.fill("Wouters")
    page.get_by_label("What happened").fill("Left home at night.")
    page.get_by_role("button", name="Open the file").click()
    duplicate = page.get_by_role("link", name=re.compile(visit.site.files["runaway"]))
    with page.context.expect_page() as opened:
        duplicate.click()
    opened.value.wait_for_load_state()
    assert visit.site.files["runaway"] in opened.value.title()
    assert page.get_by_label("What happened").input_value() == "Left home at night."
    opened.value.close()

    other_visit.sign_in("sam")
    page = other_visit.go(f"/cases/{visit.site.files['runaway']}")
    assert page.get_by_role("form").filter(has_text="Assign to").count() == 0  # not here
    page.get_by_role("link", name="Manage: assign, reopen, restrict").click()
    page.get_by_label("Assign to").wait_for()
    other_visit.look()
    page = other_visit.go("/audit")
    table = page.locator("table").inner_text()
    assert "`" not in page.locator("main").inner_text()
    assert "Alice Verbeke" in table and "user:" not in table
    other_visit.look("26-audit")

    admin = other_visit
    admin.page.context.clear_cookies()
    admin.sign_in("ada")
    page = admin.go("/users")
    row = page.get_by_role("row", name=re.compile("nina"))
    row.locator("summary").click()  # opens the question, changes nothing yet
    assert "active" in row.inner_text()
    admin.look("27-users-confirm")
    row.get_by_role("button", name="Yes, disable nina").click()
    page.get_by_text("Account disabled.").wait_for()
    assert "disabled" in page.get_by_role("row", name=re.compile("nina")).inner_text()
