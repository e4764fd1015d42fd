"""User data inside the page's markdown, as literal text.

Streamlit renders alerts, captions and ``st.markdown`` as GitHub-flavoured markdown with
math. Escaping the punctuation (``escape_markdown``) stops images, links, emphasis, HTML and
KaTeX written out in full, but not the autolinks GFM makes of bare ``http://`` and ``www.``
addresses and of e-mail addresses: those are found in the text after escapes are resolved.
Inside a code span nothing is interpreted at all, so a value from a file, a form or a column
name goes there.
"""

from __future__ import annotations

import re

_TICKS = re.compile("`+")


def md_literal(text: str) -> str:
    """``text`` as a markdown code span: shown as it is, never a link, image, HTML or math.

    The fence is one backtick longer than the longest run inside; line breaks become spaces
    (a code span is one line).

    Example:
        >>> md_literal("![x](http://h/p.png)"), md_literal("a`b")
        ('`![x](http://h/p.png)`', '`` a`b ``')
    """
    text = " ".join(str(text).splitlines()) or " "
    fence = "`" * (max((len(m) for m in _TICKS.findall(text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or fence != "`" else ""
    return f"{fence}{pad}{text}{pad}{fence}"
