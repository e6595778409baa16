"""`planner serve`: the web app for volunteers who never open a terminal.

A front end, like the command line: each route parses the request, calls the core, and
renders a template of ``templates/web/`` through planner's one Jinja environment
(autoescaping on). :mod:`planner.web.app` holds the routes, :mod:`planner.web.store` what
the browser adds (in the reminders database), :mod:`planner.web.forms` the decision form,
:mod:`planner.web.posting` the accounts planner posts with and each plan's Mastodon and
Bluesky posts, :mod:`planner.web.security` what guards every request,
:mod:`planner.web.server` the process (uvicorn, and the reminder daemon with ``--remind``,
which also publishes the Bluesky posts).

The hosted mode (``--hosted``) keeps the same pages on another store:
:mod:`planner.web.database` opens and migrates the hosted database (SQLite or PostgreSQL,
Alembic revisions in :mod:`planner.web.migrations`, tables in :mod:`planner.web.schema`),
and :mod:`planner.web.hosted` answers the routes with each query scoped to a workspace.
"""
