"""What the audit page calls each action code the doors record (``audit.record(s, who,
"case.view", ...)``). In English, marked with ``N_`` for the catalogues; the page translates.

tests/web/test_audit_page.py finds every code recorded in vigil/ and fails when one has no
label here: a new action needs its line in ``ACTIONS``. A code found only in old entries
shows as itself.
"""

from __future__ import annotations

from vigil.errors import N_

ACTIONS: dict[str, str] = {
    "account.enrol": N_("Set up the second factor"),
    "account.language": N_("Changed the language"),
    "account.password": N_("Changed the password"),
    "audit.view": N_("Read the audit log"),
    "case.assign": N_("Assigned a file"),
    "case.close": N_("Closed a file"),
    "case.edit": N_("Corrected a file"),
    "case.event": N_("Recorded an event on a file"),
    "case.link": N_("Linked two files"),
    "case.note": N_("Added a note to a file"),
    "case.open": N_("Opened a file"),
    "case.person": N_("Added a person to a file"),
    "case.reopen": N_("Reopened a file"),
    "case.reclassify": N_("Reclassified a file"),
    "case.backdated": N_("Dated a file's opening, closing or reclassification long back"),
    "case.repeat": N_("Opened a new file for a new disappearance"),
    "figures.publish": N_("Published the figures of a year"),
    "case.restrict": N_("Restricted a file to named workers"),
    "case.task": N_("Added a task to a file"),
    "case.task_done": N_("Marked a task of a file done"),
    "case.view": N_("Viewed a file"),
    "cases.export": N_("Exported files"),
    "cases.import": N_("Imported files"),
    "cases.list": N_("Listed files"),
    "cases.search": N_("Searched files"),
    "dashboard.view": N_("Viewed the dashboard"),
    "hotline.clearer": N_("Was shown a media item clearer"),
    "hotline.contact_add": N_("Added a hotline contact"),
    "hotline.contact_remove": N_("Removed a hotline contact"),
    "hotline.correct": N_("Corrected the decision on a group of media items"),
    "hotline.crawl_start": N_("Started crawling a site from a confirmed page"),
    "hotline.decide": N_("Decided a group of media items"),
    "hotline.networks_import": N_("Loaded the networks database"),
    "hotline.preview": N_("Was shown a blurred preview of a media item"),
    "hotline.report": N_("Reported URLs to the hotline"),
    "hotline.skip": N_("Left a group of media items to a colleague"),
    "hotline.takedown_escalate": N_("Escalated a URL still online"),
    "hotline.takedown_open": N_("Opened the notice-and-takedown of a URL"),
    "hotline.takedown_removed": N_("Found a noticed URL removed"),
    "hotline.task_done": N_("Marked a hotline task done"),
    "hotline.view": N_("Viewed a hotline report"),
    "intake.duplicates": N_("Was shown possible duplicates at intake"),
    "login": N_("Signed in"),
    "login.failed": N_("Failed to sign in"),
    "logout": N_("Signed out"),
    "report.edit": N_("Changed the words of the annual report"),
    "report.export": N_("Exported the annual report"),
    "team.view": N_("Viewed the team's work"),
    "token.add": N_("Added an API token"),
    "token.revoke": N_("Revoked an API token"),
    "user.add": N_("Added an account"),
    "user.disable": N_("Disabled an account"),
    "user.enable": N_("Enabled an account"),
    "user.reset-2fa": N_("Reset the second factor of an account"),
    "user.roles": N_("Changed the roles of an account"),
    "user.unlock": N_("Let an account sign in again after failed sign-ins"),
}
FILE_ACTIONS = "case."
"""Entries whose action starts so are about one file, named by its reference in ``target``."""


def english(action: str) -> str:
    """The English label of ``action``; the code itself if it has none (old entries)."""
    return ACTIONS.get(action, action)


def about_a_file(action: str) -> bool:
    return action.startswith(FILE_ACTIONS)
