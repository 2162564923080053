"""Present: walk a room through areas on a projector, compare them, hand out packs."""

import streamlit as st

from ui import data, present

artifact = data.artifact()

present.LINK.restore(artifact)
present.LINK.show_problems()
deck = present.deck(artifact)
view = present.current(deck)
present.style(view)
present.bar(artifact, deck, view)

if view.mode == "compare":
    present.compare(artifact, deck, view)
elif not deck.codes:
    st.title("Present")
    st.info("Choose areas under **Set up** to start.", icon=":material/slideshow:")
elif view.mode == "change":
    present.show_change(artifact, deck, deck.codes[view.step - 1], high_contrast=view.contrast)
else:
    code = deck.codes[view.step - 1]
    present.show_slide(artifact, deck.geography, code, high_contrast=view.contrast)
present.LINK.publish(view)
