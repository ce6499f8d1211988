from govarchive.cli import main

main()
