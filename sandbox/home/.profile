# ~/.profile: read by login shells (bash -l); the sandbox starts bash interactively, which reads ~/.bashrc.
if [ -n "$BASH_VERSION" ] && [ -f "$HOME/.bashrc" ]; then
    . "$HOME/.bashrc"
fi
