"""Clients of outside data: SMHI's open APIs and the exercise scenario behind the same interface.

Nothing here imports Streamlit. ``get_…`` functions touch the network, ``parse_…`` only memory.
"""
