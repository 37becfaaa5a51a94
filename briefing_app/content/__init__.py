"""What each tab of a briefing says, in order, free of Qt: the one plan that the window,
the slides, the handout and the text exports render."""
