"""Slides laid out for a screen: type and spacing (`layout`), one slide's view (`view`),
and slides drawn to images (`images`)."""
