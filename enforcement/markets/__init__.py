"""The officers' pages of the gig-market registry (`casework.markets`): the map, each market's
page and its status form. See docs/markets.md for why they live here."""
