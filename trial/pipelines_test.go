package trial

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/endplate/endplate/ncs"
)

// TestPipelinesEqualSingleCommands runs the real pipelines on the repository's wrist recording and
// compares each measure with the library call behind `endplate cmap`, bit for bit: the trial's
// measures are defined as exactly what the single command reports.
func TestPipelinesEqualSingleCommands(t *testing.T) {
	file := filepath.Join("..", "testdata", "motor_wrist.edf")
	if _, err := os.Stat(file); err != nil {
		t.Skipf("no %s: %v", file, err)
	}
	v, err := Pipelines{}.Analyze(Job{Kind: KindMotorWrist, Files: []string{file}})
	if err != nil {
		t.Fatal(err)
	}
	sw, err := ncs.CMAPFile(file, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v[DMLms] != sw[0].OnsetLatency*1e3 || v[CMAPAmplitudeMV] != sw[0].Amplitude {
		t.Errorf("trial %v, cmap onset %v ms amplitude %v mV", v, sw[0].OnsetLatency*1e3, sw[0].Amplitude)
	}
	_, err = Pipelines{}.Analyze(Job{Kind: KindMotorWrist, Files: []string{filepath.Join("..", "testdata", "README.md")}})
	if err == nil {
		t.Error("a text file analysed as a CMAP: no error")
	}
}
