module github.com/endplate/endplate

go 1.26.0

require (
	github.com/spf13/cobra v1.10.2
	golang.org/x/term v0.44.0
)

require (
	github.com/google/go-cmp v0.7.0
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/mjibson/go-dsp v0.0.0-20180508042940-11479a337f12
	github.com/spf13/pflag v1.0.9 // indirect
	golang.org/x/sys v0.50.0
	gonum.org/v1/gonum v0.17.0
)
