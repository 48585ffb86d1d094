package figure_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/endplate/endplate/figure"
	"github.com/endplate/endplate/ncs"
)

// Draw the bundled wrist CMAP as `endplate cmap` measures it, save it as SVG, and read where the
// onset marker sits (in ms, the unit of the time axis).
func Example() {
	figs, err := figure.CMAPFile("../testdata/motor_wrist.edf", nil)
	if err != nil {
		log.Fatal(err)
	}
	f := figs[0]
	dir, err := os.MkdirTemp("", "figure")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := f.Save(filepath.Join(dir, f.Name+".svg")); err != nil {
		log.Fatal(err)
	}
	sw, err := ncs.CMAPFile("../testdata/motor_wrist.edf", nil) // what endplate cmap prints
	if err != nil {
		log.Fatal(err)
	}
	onset := f.Mark("onset").X[0] // ms
	fmt.Printf("%s: onset line at the reported onset: %v\n", f.Name, onset == sw[0].OnsetLatency*1e3)
	// Output: motor_wrist-cmap: onset line at the reported onset: true
}
