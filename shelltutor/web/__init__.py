"""The browser front end (`shelltutor serve`): one tutor process, and so one sandbox, per browser session."""
