"""Help text without typer's markers: no ``<bool>`` beside a flag, no ``{paths}`` in usage.

typer 0.29 prints each option's type in angle brackets and wraps a required argument in
braces; click users expect ``PATHS...`` and ``--db TEXT``. ``plain`` rewrites the built
command tree once: flags show no type, other options click's names (``TEXT``, ``PATH``,
``[text|json]``), arguments their upper-case names.
"""

from __future__ import annotations

from types import MethodType

import click

NAMES = {"str": "TEXT", "int": "INTEGER", "float": "FLOAT", "path": "PATH", "bool": ""}


def _choices(param: click.Parameter) -> str | None:
    """ "[a|b]" for a parameter with choices (typer's descriptor, or click's type)."""
    desc = getattr(param, "type_descriptor", None)
    if desc is not None and desc.is_choice:
        values = [getattr(c, "value", c) for c in desc.choices or ()]
    elif isinstance(getattr(param, "type", None), click.Choice):
        values = list(param.type.choices)
    else:
        return None
    return "[" + "|".join(str(v) for v in values) + "]"


def _type_name(param: click.Parameter) -> str:
    if hasattr(param, "bare_type"):
        name = str(param.bare_type()).lower()
        if getattr(param.type_descriptor, "is_path", False):
            name = "path"
        return NAMES.get(name, name.upper())
    return param.type.name.upper()


def _is_argument(param: click.Parameter) -> bool:
    """typer's parameters are not click's subclasses; their ``param_type_name`` says."""
    return param.param_type_name == "argument"


def _metavar(param: click.Parameter) -> str:
    if _is_argument(param):
        return (param.metavar or param.name or "").upper()
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    return _choices(param) or _type_name(param)


def _argument_type(self: click.Parameter, ctx: click.Context) -> str | None:
    """An argument's type column: its choices, or nothing (its name is already there)."""
    return _choices(self)


def _usage_pieces(self: click.Command, ctx: click.Context) -> list[str]:
    """Usage as click writes it: ``[OPTIONS] PATHS...``, optional arguments bracketed."""
    pieces = [self.options_metavar] if self.options_metavar else []
    for param in self.get_params(ctx):
        if _is_argument(param):
            name = (param.metavar or param.name or "").upper()
            name += "..." if param.nargs != 1 else ""
            pieces.append(name if param.required else f"[{name}]")
    if hasattr(self, "subcommand_metavar"):  # a group (typer's is no click.Group)
        pieces.append(self.subcommand_metavar)
    return pieces


def _help_option(self: click.Command, ctx: click.Context) -> click.Option | None:
    option = type(self).get_help_option(self, ctx)
    if option is not None:
        option.metavar = ""
    return option


def plain(command: click.Command) -> click.Command:
    """``command`` and every subcommand, their help freed of typer's markers (methods of
    these instances only: typer's classes are left as they are)."""
    for param in command.params:
        param.metavar = _metavar(param)
        if _is_argument(param):
            param.display_type_rich = MethodType(_argument_type, param)  # type: ignore[attr-defined]
    command.collect_usage_pieces = MethodType(_usage_pieces, command)  # type: ignore[method-assign]
    command.get_help_option = MethodType(_help_option, command)  # type: ignore[method-assign]
    for sub in getattr(command, "commands", {}).values():
        plain(sub)
    return command
