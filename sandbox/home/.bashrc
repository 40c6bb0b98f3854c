# ~/.bashrc: read by every interactive bash in the shelltutor sandbox. You may change it.

# Keep a long history (see: history, !!, !N).
HISTSIZE=1000
HISTFILESIZE=2000

# The prompt shows who and where you are: learner@shelltutor:~/dir$
PS1='\[\e[1;32m\]\u@\h\[\e[0m\]:\[\e[1;34m\]\w\[\e[0m\]\$ '

# Colours on a terminal, as Debian's and Ubuntu's ~/.bashrc set them up (only when output goes to a terminal).
alias ls='ls --color=auto'
alias grep='grep --color=auto'
