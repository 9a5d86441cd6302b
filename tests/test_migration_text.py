"""Released migrations run the same SQL, to the letter (issue 27).

The steps' SQL may be assembled from shared pieces so that a repeated trigger has one
home, but a file upgraded today must run exactly the statements it ran when the step was
released. The digests below are of the scripts as written out literally at ead1cbc; a
change to any released script, however small, fails here and names the step.
"""

from __future__ import annotations

import hashlib

from kpukoord.store.migrations import MIGRATIONS, REINDEX

RELEASED = {
    "m001_core": "0bf916ca7ff9a35140bc19b6dbbb459bfc493ebaba3f61c20d1a3015cab7438e",
    "m002_timetables": "5bc930c22c5372ab3e81612b5b264c19dabbf2b755d73c9ef944ca7529130e71",
    "m003_series_and_report_indexes": "4b5c8457e868fac53f6c4cbd83308fcef7d5db9803aac166d33a07640a2dfa1b",
    "m004_revisions_search_views": "26ee3f673e04fc360318296c9b035027e0c481fb61573de5c1de3d98b1f23f88",
    "m005_report_order_indexes": "74f25105443dc5ccd6bb2dda228298d23c5d5ce8ecae1e327f38ddbf7415054e",
    "m006_multiday_meetings_index": "796b5b1bf7a8f4cfdc6ede7dba892f5bb0ab0468024413e9a6dceb46c9f2736f",
    "m007_schedule_regions": "1b4f431d3962b1ae63c2c9a3621cf231662bab246760ffae307a1f75a1e1f6f9",
    "m008_revision_triggers": "7a9e7148c977a6d9e4dbd53a4800976090379b5ddd19578ebbe584f8bce094ba",
    "m009_merge_map": "272bfb0aeaf1cc5f2fedb700021ac8b2507edfbe5d1bf10a98ccc9fa31c14ef7",
    "m010_meeting_roles": "4a75e1b7743764432d55a8d2b42b7852527c2c55594c583d9f8cbccda698dce8",
    "m011_meeting_regulations": "c1234a3674054b2ca456f666514ee03a80f1556dd469f977a5befe6bc33e2b37",
    "m012_meeting_end_time": "822ec90c21912b0e9c14493d2000e966233d79ab99134c7e219a411b5e0cbfa5",
    "m013_filter_indexes": "3ce07072edea79ba60ccf87aeafc85e8a44522f5c5b385631525e67f4c883558",
    "m014_stage_link_dates": "b9bd16e4f4d56c7ac04c2f0a0479b252bbcad40f69f153346905b52fef68c1d1",
    "m015_attendance_days": "cd6bb073e658b62ccbf5054c7b86859002270adbe1043f60bfa26421adbf79ea",
    "m016_recurring_stages": "769ee56b1195bfd49a338f720609090f8b80c197ef8ce26bf7dd0e77907b20d5",
    "m017_whole_meetings": "9b31faac94d7c62e2d4a0b3c77e7441bb0d857785be11c564c5267e993fe8f82",
    "m018_publish_views": "c5d1b42749361650ad98f8d0f70b78b974cf993a14eff9b95be8860858f9e6e3",
}
REINDEX_RELEASED = "62440069524f55cc97efec3fd758b7e69e86936afb5508f26a451fee48e60c99"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_every_released_script_is_the_text_it_was() -> None:
    scripts = {name: step for name, step in MIGRATIONS if isinstance(step, str)}
    changed = [name for name, digest in RELEASED.items() if _digest(scripts[name]) != digest]
    assert not changed, f"released migrations' SQL changed: {changed}"


def test_the_reindex_script_is_the_text_it_was() -> None:
    assert _digest(REINDEX) == REINDEX_RELEASED
