"""Entry point: ``kpukoord`` and ``python -m kpukoord``.

``kpukoord --version`` is answered here without importing Typer, Rich or
SQLite: it is the start-up floor every other command builds on. A plain
``meeting add --flag value…`` is run by :mod:`kpukoord.fastpath`, and the usual Tab
completions by :mod:`kpukoord.fastcomplete`, also without Typer; every other
command line goes to the Typer app.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    try:
        _main(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        # Ctrl-C outside a Typer command (start-up, the fast path); inside one, the
        # root group's error boundary says the same (Click would otherwise say "Aborted!")
        from kpukoord import errors

        stop = errors.Interrupted()
        sys.stderr.write("\n".join(errors.lines(stop)) + "\n")
        raise SystemExit(errors.exit_code(stop)) from None


def _main(args: list[str]) -> None:
    import os

    if os.environ.get("_KPUKOORD_COMPLETE"):  # Tab: the common requests without Typer
        from kpukoord import fastcomplete

        answered = fastcomplete.main()
        if answered is not None:
            if answered:
                raise SystemExit(answered)
            return
    if args in (["--version"], ["-V"]):
        from kpukoord import __version__

        sys.stdout.write(f"kpukoord {__version__}\n")
        return
    if "meeting" in args[:3]:  # 'meeting add --flag value…' without Typer (kpukoord.fastpath)
        from kpukoord import fastpath

        code = fastpath.main(args)
        if code is not None:
            if code:
                raise SystemExit(code)
            return
    # The language first: the command modules read their help texts when imported.
    from kpukoord import surface
    from kpukoord.language import i18n

    try:
        i18n.set_language(surface.language_of(args))
    except ValueError:
        pass  # an unknown --lang: the root command says so
    from kpukoord.cli import _complete, command_name, make_app

    # a shell asking for completions names the command in its own variables
    named = _complete.typed_words()[1:] if _complete.requested() else args
    make_app(command_name(named))(args=args, prog_name="kpukoord")


if __name__ == "__main__":
    main()
