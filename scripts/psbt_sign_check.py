#!/usr/bin/env python3
"""Independent check of a devserver PSBT: sign every input with a WIF (embit), finalize, and
verify each input's scripts against the output it spends (python-bitcointx's interpreter).

    python3 scripts/psbt_sign_check.py PSBT_FILE [WIF]

PSBT_FILE holds the PSBT as base64 or hex. WIF defaults to the devserver's public fixture key.
Exit 0 and "ok: N inputs" when the signed transaction is valid; 1 with the reason otherwise.
P2PKH, P2SH-P2WPKH and P2WPKH inputs are verified; taproot ones are refused (bitcointx has no
taproot interpreter)."""
import binascii
import os
import sys

FIXTURE_WIF = "cTrF79uahxMC7bQGWh2931vepWPWqS8KtF8EkqgWwv3KMGZNJ2yP"


def fail(msg):
    print(f"psbt_sign_check: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) < 2:
        fail("usage: psbt_sign_check.py PSBT_FILE [WIF]")
    text = open(sys.argv[1]).read().strip()
    wif = sys.argv[2] if len(sys.argv) > 2 else FIXTURE_WIF

    import embit.util
    from embit import ec, script
    from embit.psbt import PSBT
    from embit.networks import NETWORKS

    # embit 0.8 rebuilds each input with `sequence or 0xFFFFFFFF`, so the backend's sequence 0
    # would become 0xFFFFFFFF (another transaction, other sighashes): keep 0.
    from embit.psbt import InputScope
    from embit.transaction import TransactionInput

    def vin(self):
        seq = 0xFFFFFFFF if self.sequence is None else self.sequence
        return TransactionInput(self.txid, self.vout, sequence=seq)

    InputScope.vin = property(vin)

    try:
        raw = binascii.unhexlify(text)
    except binascii.Error:
        raw = binascii.a2b_base64(text)
    psbt = PSBT.parse(raw)
    key = ec.PrivateKey.from_wif(wif)
    pub = key.get_public_key()
    # P2SH-P2WPKH needs the redeem script in the PSBT to be signed and finalized.
    for inp in psbt.inputs:
        spk = inp.utxo.script_pubkey
        if spk.script_type() == "p2sh":
            inp.redeem_script = script.p2wpkh(pub)
        if spk.script_type() == "p2pkh":
            # embit signs any input with a witness_utxo as segwit; the backend writes both
            # records for every input, a legacy one is signed from its non_witness_utxo.
            inp.witness_utxo = None
        if spk.script_type() == "p2tr":
            fail("taproot inputs are not verified by this check")
    signed = psbt.sign_with(key)
    if signed != len(psbt.inputs):
        fail(f"signed {signed} of {len(psbt.inputs)} inputs")

    # Finalize: scriptSig / witness from the partial signatures, into the transaction.
    from embit.script import Script, Witness
    tx = psbt.tx
    for i, inp in enumerate(psbt.inputs):
        sig = list(inp.partial_sigs.values())[0]
        kind = inp.utxo.script_pubkey.script_type()
        if kind == "p2pkh":
            tx.vin[i].script_sig = Script(bytes([len(sig)]) + sig + bytes([33]) + pub.sec())
        elif kind == "p2wpkh":
            tx.vin[i].witness = Witness([sig, pub.sec()])
        elif kind == "p2sh":
            rs = inp.redeem_script.data
            tx.vin[i].script_sig = Script(bytes([len(rs)]) + rs)
            tx.vin[i].witness = Witness([sig, pub.sec()])
        else:
            fail(f"unsupported input type {kind}")

    # Verify with another implementation: python-bitcointx's script interpreter, using the
    # libsecp256k1 that embit ships (bitcointx needs one and the machine may have none).
    import bitcointx
    prebuilt = os.path.join(os.path.dirname(embit.util.__file__), "prebuilt")
    lib = os.path.join(prebuilt, "libsecp256k1_linux_x86_64.so")
    if os.path.exists(lib):
        bitcointx.set_custom_secp256k1_path(lib)
    bitcointx.select_chain_params("bitcoin/testnet")
    from bitcointx.core import CTransaction, CTxOut
    from bitcointx.core.script import CScript, CScriptWitness
    from bitcointx.core.scripteval import VerifyScript, SCRIPT_VERIFY_P2SH, SCRIPT_VERIFY_WITNESS

    ctx = CTransaction.deserialize(tx.serialize())
    for i, inp in enumerate(psbt.inputs):
        prev = inp.utxo
        spk = CScript(prev.script_pubkey.data)
        witness = ctx.wit.vtxinwit[i].scriptWitness if ctx.wit and len(ctx.wit.vtxinwit) > i else CScriptWitness([])
        try:
            VerifyScript(
                ctx.vin[i].scriptSig, spk, ctx, i,
                flags={SCRIPT_VERIFY_P2SH, SCRIPT_VERIFY_WITNESS},
                amount=prev.value, witness=witness,
            )
        except Exception as e:  # noqa: BLE001 - any failure is a refusal
            fail(f"input {i} does not verify: {e}")
    # The unsigned transaction's txid is the signed one's (no malleable input) when given.
    from bitcointx.core import b2lx
    txid = b2lx(ctx.GetTxid())
    if len(sys.argv) > 3 and sys.argv[3] and txid != sys.argv[3]:
        fail(f"txid {txid} (embit {tx.txid().hex()}) != funding_txid {sys.argv[3]}")
    print(f"ok: {len(psbt.inputs)} inputs, txid {txid}")


if __name__ == "__main__":
    main()
