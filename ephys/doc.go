// Package ephys holds endplate's core types — Trace, Recording, channels, sweeps, tags — and its file
// formats.
//
// # Data model
//
// A Recording is a rectangle of channels × sweeps. A continuous (gap-free) recording has one sweep.
// Each channel has a name, a unit ("mV", "nA", …) and a sample rate in Hz; samples are float64 in the
// channel's unit, already scaled from the file's integers. Time in the API is float64 seconds. A Trace's
// Start is the time of its first sample on the sweep's own time axis: zero at the sweep's reference (the
// stimulus where the file marks one — an EDF+ "Stimulus" annotation, a CSV's time zero — otherwise the
// first sample). Sweep.Start places each sweep on the recording's clock, in seconds from the start of the
// recording, and Tag times use that clock too.
//
// # Formats
//
// Open detects the format from the file's content (magic bytes, header syntax), not from its extension:
// ABF1 and ABF2 (Axon Binary Format, read), ATF (Axon Text File, read/write), EDF and EDF+ including
// EDF+D with annotations (read/write), CSV/TSV tables with a time column (read/write) and Qtrac MEM
// CMAP-scan files (read). Open reads regular files only (a FIFO or a device is refused before it is
// opened) and reads the header only; Recording.Trace reads samples when they are asked for, through an
// io.ReaderAt for the binary formats, so a multi-gigabyte gap-free file opens at once and can be read
// window by window (Recording.ReadSamples) with bounded memory. On Unix the data section of an ABF
// file is mapped read-only at the first read and decoded straight from the page cache (a file cut
// short while it is open then gives an error, not a crash); elsewhere, or when mapping fails, it is
// read in chunks. A long mapped trace (from 1 Mi samples) is decoded on up to GOMAXPROCS goroutines
// (runtime.GOMAXPROCS(1): on the caller's alone); the bits do not depend on how many run.
//
// What Open keeps follows the data, never a header's claims: text formats are parsed line by line
// through a small buffer and keep at most MaxTextValues numbers (from files of at most MaxTextSize
// bytes); EDF annotations are streamed, a continuous EDF keeps nothing per data record; markers (ABF
// tags, EDF+ annotations) are bounded by MaxTags and sweeps by MaxSweeps. A file beyond a limit is an
// *UnsupportedError naming it.
//
// # Time
//
// Times the file states exactly come back exactly: an EDF rate is divided once from its decimal record
// duration, EDF+ onsets are differenced as decimals, a CSV time column gives whole hertz where that
// reproduces every printed stamp, and sweep starts are sample counts divided by the rate, not sums of
// durations.
//
// # Errors
//
// Everything read from a file is validated before it is used to divide, index or allocate. A file that
// does not follow its format gives a *FormatError, one that uses a feature endplate does not read an
// *UnsupportedError, one that ends early a *FormatError wrapping io.ErrUnexpectedEOF; Open wraps them
// with the file name. Programmer errors (a channel index out of range) are errors too, since indices
// often come from a user's command line; mismatched slice lengths panic.
//
// A Recording is safe for concurrent use by multiple goroutines for reading once opened.
package ephys
