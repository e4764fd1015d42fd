"""Text and number analysis shared by the rules, the model's features and batch templates.

Links and their offsets (``links``, ``link_cache``), term matching (``lexicon``), opt-out
keywords and history (``keywords``), marketing cues (``promotional``), brand matching
(``brand``), spans, SMS segments (``segments``) and recipient numbers (``destination``,
with ``phonenumbers``). Pure functions over strings: may import ``diagnose.message`` and
each other, never the rules, the error table, the learning side, batch or the UI.
"""

from diagnose.text.brand import appears_to_name_a_business, names_brand
from diagnose.text.destination import Destination, parse_destination
from diagnose.text.keywords import OptOutKind, opt_out_state
from diagnose.text.lexicon import Lexicon
from diagnose.text.link_cache import links
from diagnose.text.links import UrlMatch, find_urls, registered_domain
from diagnose.text.segments import SegmentInfo, gsm7_fold, segment_info
from diagnose.text.spans import Span, merge_spans

__all__ = [
    "Destination",
    "Lexicon",
    "OptOutKind",
    "SegmentInfo",
    "Span",
    "UrlMatch",
    "appears_to_name_a_business",
    "find_urls",
    "gsm7_fold",
    "links",
    "merge_spans",
    "names_brand",
    "opt_out_state",
    "parse_destination",
    "registered_domain",
    "segment_info",
]
