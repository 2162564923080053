"""Share a story: anyone can submit; a moderator reads it before it is published."""

import streamlit as st

from ui import data, submission

artifact = data.artifact()
view = submission.LINK.restore(artifact).view

st.title("Share a story")
st.markdown(
    f"Tell us about your part of {artifact.county_name}: how it has changed, what matters, "
    "what you remember. A moderator reads every story before it appears, usually within a "
    "few days."
)
submission.LINK.show_problems()
if view.area:
    st.info(
        f"Your story starts linked to **{artifact.label(view.geo, view.area)}**; "
        "change the places below if it is about somewhere else.",
        icon=":material/location_on:",
    )
submission.LINK.publish(view)

receipt = st.session_state.get(submission.RECEIPT)
if receipt:
    st.success(
        "Thank you. Your story has been received and will appear once a moderator has read it.",
        icon=":material/check_circle:",
    )
    st.markdown(
        "If you change your mind, you can withdraw it at any time on the Stories page with "
        "this story number and code. Please keep them somewhere safe: we cannot show them again."
    )
    # Plain text, easy to select and copy (a code block would load a syntax highlighter).
    st.text(f"Story number: {receipt.public_id}\nWithdrawal code: {receipt.withdraw_code}")
    st.button("Share another story", on_click=submission.clear, icon=":material/add:")
else:
    sent = submission.form(artifact)
    if sent is not None:
        with st.spinner("Checking and saving your story…"):
            receipt = submission.save(*sent)
        if receipt:
            st.session_state[submission.RECEIPT] = receipt
            st.rerun()
