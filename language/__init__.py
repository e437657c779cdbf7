"""Words for people: the app's Swedish (numbers, plurals, dates, times, chart axes) in one place."""
