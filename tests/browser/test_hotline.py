"""The hotline's public pages in Chromium: a stranger reports, then follows the report; each
page looked at (conftest.Visit.look: unique ids, axe-core, reflow at 320 px)."""

from __future__ import annotations


def test_a_stranger_reports_urls_and_follows_the_report_with_its_code(visit):
    page = visit.go("/report")
    page.get_by_role("heading", name="Report abuse material").wait_for()
    visit.look("40-report")
    page.get_by_role("button", name="Send the report").click()
    summary = page.get_by_role("alert")
    assert "give at least one URL" in summary.inner_text()
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "f-urls"
    visit.look()
    page.get_by_label("Where you saw it").fill("ftp://example.org/a")
    page.get_by_label("What you saw").fill("pictures of children")
    page.get_by_role("button", name="Send the report").click()
    assert "only http:// and https://" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("What you saw").input_value() == "pictures of children"
    page.get_by_label("Where you saw it").fill("https://example.org/a\nhttps://example.org/b")
    page.get_by_role("button", name="Send the report").click()
    page.get_by_role("heading", name="Thank you: your report was received").wait_for()
    visit.look("41-report-sent")
    reference = page.locator("#reference").inner_text()
    code = page.locator("#followup-code").inner_text()
    page.get_by_role("link", name="Follow your report").click()
    page.get_by_label("Reference").fill(reference)
    page.get_by_label("Follow-up code").fill("a wrong code")
    page.get_by_role("button", name="Show").click()
    assert "no report with this reference" in page.get_by_role("alert").inner_text()
    visit.look()
    page.get_by_label("Follow-up code").fill(code)
    page.get_by_role("button", name="Show").click()
    assert page.locator("#progress").inner_text() == "Received"
    assert "example.org" not in page.content()
    visit.look("42-report-status")
