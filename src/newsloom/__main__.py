from newsloom.cli import main

main()
