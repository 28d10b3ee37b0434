from aims_tui.cli import main

raise SystemExit(main())
