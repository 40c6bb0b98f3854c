"""The Textual app: course map, lessons with a live sandboxed shell, help; built by `make_app(service)`."""
