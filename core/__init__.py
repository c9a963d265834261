"""The shared base of the site: building blocks every app uses and that know
no domain (formatting, spreadsheets, PDF documents, file reading, search, form
and admin helpers, the rule registry, navigation and the home page frame).

`core` imports no app of the project; apps register what core shows (menu
entries, home sections, admin order, rules) from their `AppConfig.ready`.
"""
