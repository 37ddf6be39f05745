"""Turning a reviewed conversation into a Rasa story from its transcript page (trainers).

The same rules and the same code as `tailor transcripts to-story`
(`bot.storage.story_source`, `bot.training.stories`): only a reviewed conversation
whose customer kept the transcript, with the NLU inbox's corrections applied. The story
goes into the project's files as a diff the trainer reviews and commits.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy.engine import Engine

from bot.storage.story_source import StoryRefused, story_source
from bot.training.errors import TrainingDataError
from bot.training.stories import add_story, load_domain, merged_corrections, story_from_events
from bot.training.yaml_files import FileChange, relative_name
from bot.web.dependencies import CatalogDep, EngineDep, ReviewDep, SettingsDep
from bot.web.review_pages import LIST_PATH
from bot.web.routes.staff_conversations import parse_conversation_id, rejected
from bot.web.staff_pages import render_staff
from bot.web.staff_session import CsrfTrainerDep, StaffPageError, form_field

router = APIRouter(prefix=LIST_PATH, tags=["staff"])

KINDS = {"test": True, "training": False}
"""The form's story kinds, and whether each is a test story."""


@router.post("/{conversation_id}/story")
async def write_story(
    request: Request,
    conversation_id: str,
    staff: CsrfTrainerDep,
    engine: EngineDep,
    review: ReviewDep,
    catalog: CatalogDep,
    settings: SettingsDep,
) -> Response:
    """Add the conversation to the test or training stories; show the change as a diff."""
    found = parse_conversation_id(conversation_id)
    name = await form_field(request, "name")
    kind = await form_field(request, "kind")
    if kind not in KINDS:
        raise StaffPageError(
            status.HTTP_400_BAD_REQUEST, "The story must be a test story or a training story."
        )
    project = settings.project_dir
    try:
        change = await run_in_threadpool(_write, engine, found, name, KINDS[kind], project)
    except (StoryRefused, TrainingDataError) as error:
        return await rejected(request, staff, review, catalog, settings, found, story=(name, error))
    return render_staff(
        request,
        "staff/change.html",
        staff,
        title="Story written",
        summary=f"The conversation is now a {kind} story in {relative_name(change.path, project)}.",
        diff=change.diff(project),
        back_url=f"{LIST_PATH}/{found}",
        back_label="Back to the conversation",
    )


def _write(
    engine: Engine, conversation_id: int, name: str, test: bool, project: Path
) -> FileChange:
    source = story_source(engine, conversation_id)
    story = story_from_events(
        source.events,
        name=name,
        test=test,
        domain=load_domain(project),
        corrections=merged_corrections(source.accepted, {}),
    )
    return add_story(project, story, test=test)
