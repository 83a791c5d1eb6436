// Command opentdf-sdk (DIVE's interop program) runs the stock OpenTDF Go SDK against DIVE: it encrypts a file to a TDF and
// decrypts one, through the SDK's own code paths only (platform discovery, DPoP, Connect RPC to the
// KAS, assertion verification). DIVE's tests use it to prove OpenTDF interoperability; it adds no
// behaviour of its own.
//
//	opentdf-sdk encrypt --platform URL --client-id ID --in FILE --out FILE.tdf --attr FQN... [--wrapping ec:secp256r1]
//	opentdf-sdk decrypt --platform URL --client-id ID --in FILE.tdf --out FILE
//
// The client secret comes from the environment (DIVE_OPENTDF_CLIENT_SECRET), never the command line.
// Exit codes: 0 done, 2 usage, 3 the KAS refused the key (ErrRewrapForbidden), 4 tamper detected,
// 1 any other failure.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/opentdf/platform/lib/ocrypto"
	"github.com/opentdf/platform/sdk"
)

const secretVariable = "DIVE_OPENTDF_CLIENT_SECRET"

type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

type options struct {
	platform, clientID, in, out, kas, wrapping string
	attributes                                 repeated
}

func main() {
	if len(os.Args) < 2 || (os.Args[1] != "encrypt" && os.Args[1] != "decrypt") {
		usage()
	}
	command := os.Args[1]
	flags := flag.NewFlagSet(command, flag.ExitOnError)
	var o options
	flags.StringVar(&o.platform, "platform", "", "the platform endpoint (for DIVE: the KAS origin)")
	flags.StringVar(&o.clientID, "client-id", "", "OAuth client id (its secret in $"+secretVariable+")")
	flags.StringVar(&o.in, "in", "", "input file")
	flags.StringVar(&o.out, "out", "", "output file")
	flags.StringVar(&o.kas, "kas", "", "encrypt: the KAS URL written into the key access object (default: the platform endpoint)")
	flags.StringVar(&o.wrapping, "wrapping", "rsa:2048", "encrypt: the KAS key type, rsa:2048 or ec:secp256r1")
	flags.Var(&o.attributes, "attr", "encrypt: a data attribute value FQN (repeatable)")
	_ = flags.Parse(os.Args[2:])
	if o.platform == "" || o.clientID == "" || o.in == "" || o.out == "" {
		usage()
	}
	err := run(command, o)
	if err == nil {
		return
	}
	fmt.Fprintf(os.Stderr, "opentdf-sdk %s: %v\n", command, err)
	switch {
	case errors.Is(err, sdk.ErrRewrapForbidden):
		fmt.Fprintln(os.Stderr, "opentdf-sdk: forbidden (ErrRewrapForbidden)")
		os.Exit(3)
	case errors.Is(err, sdk.ErrTampered):
		fmt.Fprintln(os.Stderr, "opentdf-sdk: tamper detected (ErrTampered)")
		os.Exit(4)
	default:
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: opentdf-sdk encrypt|decrypt --platform URL --client-id ID --in FILE --out FILE [--attr FQN]... [--kas URL] [--wrapping rsa:2048|ec:secp256r1]")
	os.Exit(2)
}

func run(command string, o options) error {
	secret := os.Getenv(secretVariable)
	if secret == "" {
		return fmt.Errorf("$%s is empty: give the client secret in the environment", secretVariable)
	}
	// Only the endpoint and the credentials: the SDK discovers the IdP, the KAS registry and DPoP itself.
	connection := sdk.WithInsecureSkipVerifyConn()
	if strings.HasPrefix(o.platform, "http://") {
		connection = sdk.WithInsecurePlaintextConn()
	}
	client, err := sdk.New(o.platform, connection, sdk.WithClientCredentials(o.clientID, secret, nil))
	if err != nil {
		return fmt.Errorf("sdk.New: %w", err)
	}
	defer client.Close()
	in, err := os.Open(o.in)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(o.out)
	if err != nil {
		return err
	}
	if command == "encrypt" {
		err = encrypt(client, in, out, o)
	} else {
		err = decrypt(client, in, out)
	}
	if closeErr := out.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		_ = os.Remove(o.out) // no half-written plaintext or TDF is left behind
	}
	return err
}

func encrypt(client *sdk.SDK, in io.Reader, out io.Writer, o options) error {
	kas := o.kas
	if kas == "" {
		kas = o.platform
	}
	keyType := ocrypto.KeyType(o.wrapping)
	if keyType != ocrypto.RSA2048Key && keyType != ocrypto.EC256Key {
		return fmt.Errorf("--wrapping %q: rsa:2048 or ec:secp256r1", o.wrapping)
	}
	// No attribute service at DIVE: the key comes from the named KAS (its PublicKey call), not from
	// attribute grants (autoconfigure).
	_, err := client.CreateTDF(out, in,
		sdk.WithAutoconfigure(false),
		sdk.WithKasInformation(sdk.KASInfo{URL: kas, Algorithm: string(keyType), Default: true}),
		sdk.WithWrappingKeyAlg(keyType),
		sdk.WithDataAttributes(o.attributes...))
	if err != nil {
		return fmt.Errorf("CreateTDF: %w", err)
	}
	return nil
}

func decrypt(client *sdk.SDK, in io.ReadSeeker, out io.Writer) error {
	// Assertion verification stays on (the SDK's default): a label binding it cannot verify fails the read.
	reader, err := client.LoadTDF(in)
	if err != nil {
		return fmt.Errorf("LoadTDF: %w", err)
	}
	if err := reader.Init(context.Background()); err != nil {
		return fmt.Errorf("rewrap: %w", err)
	}
	if _, err := reader.WriteTo(out); err != nil {
		return fmt.Errorf("decrypt: %w", err)
	}
	return nil
}
