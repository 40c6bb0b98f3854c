"""The teacher's view: learners' progress files read, verified and merged into a class report."""
