"""Pure helpers behind the Streamlit pages: form parsing, examples, safe highlighting, payloads.

The pages only collect input and render; everything here is testable without Streamlit
(except ``cached``, the one place that touches ``st.cache_resource``).
"""
