"""Characters that must never reach a terminal, a calendar or a post as they are: the
control characters (C0, DEL, C1) and the bidirectional overrides and isolates. Written as
character-class ranges for regular expressions. Used by the field validators
(:mod:`planner.fields`) and by what planner prints (:mod:`planner.terminal`)."""

import re

CONTROLS = "\x00-\x1f\x7f-\x9f"
BIDI = "\u202a-\u202e\u2066-\u2069"

# What a terminal obeys (ECMA-48): whole escape sequences first (CSI: ESC [ parameters
# final byte; OSC, DCS, SOS, PM and APC: ESC ] P X ^ _ up to BEL or ST; then the
# two-character escapes), then any control left alone (tab and newline kept) and the
# bidirectional overrides (planner.fields refuses the same characters in a decision file).
_TERMINAL_CODES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_].*?(?:\x07|\x1b\\|\Z)"
    r"|\x1b[ -/]*[0-~]?"
    f"|(?![\t\n])[{CONTROLS}{BIDI}]",
    re.DOTALL,
)


def clean(text: str) -> str:
    """``text`` without escape sequences, control characters (but tab and newline) and
    bidirectional overrides: what is left is shown, never obeyed."""
    return _TERMINAL_CODES.sub("", text)
