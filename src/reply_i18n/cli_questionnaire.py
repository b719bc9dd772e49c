"""``reply-i18n questionnaire``: the questionnaire templates of a project.

``questionnaire learn SOURCE`` writes ``questionnaires/<key>.toml`` for each questionnaire
of a parsed reply, to be reviewed once by a person.  The shared pieces of the command line
(project state, parsing, error reporting) come from :mod:`reply_i18n.cli`, imported when a
command runs, since that module registers this sub-app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reply_i18n.errors import ConfigError, TemplateError
from reply_i18n.files import atomic_write, project_lock
from reply_i18n.source.templates import format_template, learn

questionnaire_app = typer.Typer(
    help="Questionnaire templates: questionnaires/<key>.toml, learnt from a reply.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
)


@questionnaire_app.command("learn")
def learn_command(
    source: Annotated[str, typer.Argument(help="Source file or document name.")],
    key: Annotated[
        str | None,
        typer.Option("--key", help="Key of the template (default: the key the reply gets now)."),
    ] = None,
    questionnaire: Annotated[
        str | None,
        typer.Option(
            "--questionnaire", "-q", help="Learn only this questionnaire (its key in `outline`)."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write here instead of questionnaires/<key>.toml."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing template.")] = False,
) -> None:
    """Write questionnaires/<key>.toml for each questionnaire of a reply, to review once."""
    from reply_i18n import cli

    cli.reports_errors(_learn)(source, key, questionnaire, out, force)


def _learn(
    source: str, key: str | None, questionnaire: str | None, out: Path | None, force: bool
) -> None:
    from reply_i18n import cli

    project = cli.State.project()
    # learnt from the parse alone: a template already there must not shape the new one
    [(_path, doc)] = cli._documents(project, [source], cli.State.templates(with_templates=False))
    keys = [q.key for q in doc.questionnaires]
    if not keys:
        raise TemplateError(
            "no questionnaire recognised in the reply: nothing to learn", path=doc.source
        )
    if questionnaire is not None:
        if questionnaire not in keys:
            raise ConfigError(
                f"no questionnaire {questionnaire!r} in {doc.source}: choose from {', '.join(keys)}"
            )
        keys = [questionnaire]
    if (key or out) and len(keys) > 1:
        raise ConfigError(
            f"{doc.source} has {len(keys)} questionnaires ({', '.join(keys)}): "
            "choose one with --questionnaire to use --key or --out"
        )
    plans = []
    for k in keys:
        template = learn(doc, k, key=key)
        target = cli.given_path(out) if out is not None else project.template_path(template.key)
        if target.exists() and not force:
            raise TemplateError(
                "already exists: review it by hand, or use --force to learn it again",
                path=project.rel(target),
            )
        plans.append((target, template))
    with project_lock(project):
        written = [
            atomic_write(target, format_template(template, source=doc.source).encode("utf-8"))
            for target, template in plans
        ]
    for (target, template), changed in zip(plans, written, strict=True):
        asked = template.asked()
        flow = sum(1 for q in template.questions if q.asked_if or q.go_to)
        typer.echo(
            f"{project.rel(target)}: {template.key}, {len(asked)} questions, "
            f"{flow} with conditional flow ({'written' if changed else 'unchanged'})"
        )
