from reply_i18n.cli import main

main()
