"""The Textual application: the app, the area registry's UI faces, help, strings and kits."""
