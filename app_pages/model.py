import streamlit as st

st.title("Triage an export")
