"""The app's screens: course map, lesson, help and a yes/no question."""
