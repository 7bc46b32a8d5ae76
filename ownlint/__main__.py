from ownlint.cli import main

raise SystemExit(main())
