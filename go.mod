module github.com/reckonhq/reckon

go 1.26.8

require (
	github.com/BurntSushi/toml v1.6.0 // link settings files
	github.com/chromedp/cdproto v0.159.0 // the DevTools protocol, to print PDF reports
	github.com/chromedp/chromedp v0.23.0 // PDF reports printed by headless Chromium; browser tests
	github.com/jackc/pgx/v5 v5.12.0 // the PostgreSQL store
	github.com/parquet-go/parquet-go v0.32.1 // Parquet downloads of releases, for researchers (Apache-2.0)
	github.com/spf13/cobra v1.10.2 // the command tree, help and completion
	github.com/spf13/pflag v1.0.9 // cobra's flags, whose values are checked on parse
	golang.org/x/crypto v0.59.0 // argon2id password hashes
	golang.org/x/text v0.44.0 // Unicode normalisation of names
	gonum.org/v1/gonum v0.17.0 // linear algebra and LP for estimation
	modernc.org/sqlite v1.62.0 // the embedded store, pure Go
)

// Test-only.
require (
	github.com/rogpeppe/go-internal v1.16.0 // testscript for the command-line contract
)

require (
	github.com/andybalholm/brotli v1.3.0 // indirect
	github.com/dustin/go-humanize v1.1.0 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/puddle/v2 v2.2.3 // indirect
	github.com/klauspost/compress v1.20.4 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/ncruces/go-strftime v1.1.0 // indirect
	github.com/parquet-go/bitpack v1.0.3 // indirect
	github.com/parquet-go/jsonlite v1.5.5 // indirect
	github.com/pierrec/lz4/v4 v4.1.33 // indirect
	github.com/remyoudompheng/bigfft v0.0.0-20230129092748-24d4a6f8daec // indirect
	github.com/twpayne/go-geom v1.6.1 // indirect
	golang.org/x/sync v0.25.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
	google.golang.org/protobuf v1.36.12 // indirect
	modernc.org/libc v1.80.1 // indirect
	modernc.org/mathutil v1.7.1 // indirect
	modernc.org/memory v1.12.1 // indirect
)
