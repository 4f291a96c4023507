from attrib.cli.main import main

main()
