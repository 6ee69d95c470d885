from kam_tui.cli import main

raise SystemExit(main())
