"""A case worker's day in a real Chromium, every page looked at (conftest.Visit.look)."""

from __future__ import annotations


def test_a_case_worker_signs_in_opens_a_call_works_on_it_and_closes_files(visit):
    page, uam = visit.page, visit.site.files["uam"]
    visit.sign_in("alice")
    page.get_by_role("heading", name="Open files by type").wait_for()
    visit.look("02-dashboard")

    page.get_by_role("link", name="New call").click()
    visit.look()
    page.get_by_label("Type of file").select_option("runaway")
    page.get_by_label("First name").first.fill("Mila")
    page.get_by_label("Last name").first.fill("Wouters")
    page.get_by_label("Or estimated age").fill("15")
    page.get_by_label("What happened").fill("Did not come home after school.")
    page.get_by_role("button", name="Open the file").click()
    page.get_by_role("heading", name="This child may already have a file").wait_for()
    visit.look("03-intake-duplicates")
    page.get_by_label("It is another child").check()
    page.get_by_role("button", name="Open the file").click()
    page.get_by_text("The file is open.").wait_for()
    reference = page.locator("h1").inner_text().split()[0]
    visit.look("04-file")

    page.get_by_role("link", name="Files", exact=True).first.click()
    page.get_by_label("Search").fill("wouters")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name=reference).wait_for()
    visit.look("05-search")
    page.get_by_role("link", name=reference).click()

    page.get_by_label("Add a note").fill("Mother called: seen at the station.")
    page.get_by_role("button", name="Add note").click()
    page.get_by_text("Note added.").wait_for()
    page.get_by_text("Record a call, sighting or contact").click()
    page.get_by_label("What happened").fill("Seen at the station by a guard.")
    page.get_by_label("Kind").select_option("sighting")
    page.get_by_role("button", name="Record").click()
    page.get_by_text("Event recorded.").wait_for()
    assert page.get_by_text("Seen at the station by a guard.").is_visible()
    page.get_by_label("New task").fill("Call the school")
    page.get_by_role("button", name="Add task").click()
    page.get_by_text("Task added.").wait_for()
    visit.look("06-file-worked-on")

    visit.go(f"/cases/{uam}")
    page.get_by_role("link", name="Close the file").click()
    page.get_by_label("Outcome").select_option("transferred")
    page.get_by_role("button", name="Close the file").click()
    error = page.locator("#e-outcome")
    error.wait_for()
    assert "stays open until there is news of the child" in error.inner_text()
    assert page.get_by_label("Outcome").get_attribute("aria-invalid") == "true"
    visit.look("07-refused-close")

    visit.go(f"/cases/{reference}/close")
    page.get_by_label("Outcome").select_option("found")
    page.get_by_role("button", name="Close the file").click()
    page.get_by_text("The file is closed.").wait_for()
    visit.look("08-closed")
    page.set_viewport_size({"width": 768, "height": 1024})  # a tablet held upright
    visit.shot("09-tablet")
    page.set_viewport_size({"width": 1024, "height": 900})

    page.get_by_role("link", name="Figures").click()
    page.get_by_role("heading", name="Annual report").wait_for()
    visit.look("10-figures")
    page.keyboard.press("Tab")  # the first stop is the link past the menu
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"

    visit.go("/account")
    visit.look()
    page.get_by_label("Language of the pages").select_option("nl")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Taal bewaard.").wait_for()
    page.get_by_role("link", name="Overzicht").click()
    page.get_by_role("heading", name="Open dossiers per type").wait_for()
    visit.look("11-dashboard-nl")
