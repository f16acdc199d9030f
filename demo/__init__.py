"""The demo: `seed_demo` builds the Leidse regio, its logins and a year of registrations through the services.

The top layer beside `config`: it may import every app, and no app imports it.
"""
