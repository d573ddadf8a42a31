import Crypto
import Foundation

/// The Merkle tree of one commit batch's invoice digests, as Certificate
/// Transparency builds it (RFC 6962, section 2.1): leaves hashed with a 0x00
/// prefix, nodes with 0x01, a batch of n split at the largest power of two
/// below n. A certificate carries its leaf's audit path, so that the one
/// signed root proves every invoice of the batch, each on its own.
///
/// Written here: no kept Swift library builds RFC 6962 trees, and the
/// algorithm is a few lines over swift-crypto's SHA-256.
public enum MerkleTree {
    public static func leafHash(_ digest: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: [0x00] + digest))
    }

    static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: [0x01] + left + right))
    }

    /// The root of `digests` (at least one).
    public static func root(_ digests: [[UInt8]]) -> [UInt8] {
        precondition(!digests.isEmpty, "a batch has at least one invoice")
        return subtreeRoot(digests.map(leafHash)[...])
    }

    /// The audit path of leaf `index`, from the leaf up.
    public static func path(_ digests: [[UInt8]], index: Int) -> [[UInt8]] {
        path(digests.map(leafHash)[...], index: index)
    }

    /// Whether `path` leads from leaf `index` of a tree of `size` leaves holding `digest` to `root`.
    /// Leaves a batch may have: far above any real batch, and low enough
    /// that a crafted size cannot overflow the split (a path is at most 32 long).
    public static let maximumSize = 1 << 32

    public static func verify(digest: [UInt8], index: Int, size: Int, path: [[UInt8]], root: [UInt8]) -> Bool {
        guard index >= 0, index < size, size <= maximumSize, path.count <= 32 else { return false }
        var remaining = path[...]
        guard let computed = climb(leafHash(digest), index: index, size: size, path: &remaining), remaining.isEmpty else { return false }
        return computed == root
    }

    private static func largestPowerOfTwo(below n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    private static func subtreeRoot(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        if leaves.count == 1 { return leaves.first! }
        let k = largestPowerOfTwo(below: leaves.count)
        return nodeHash(subtreeRoot(leaves.prefix(k)), subtreeRoot(leaves.dropFirst(k)))
    }

    private static func path(_ leaves: ArraySlice<[UInt8]>, index: Int) -> [[UInt8]] {
        if leaves.count == 1 { return [] }
        let k = largestPowerOfTwo(below: leaves.count)
        if index < k {
            return path(leaves.prefix(k), index: index) + [subtreeRoot(leaves.dropFirst(k))]
        }
        return path(leaves.dropFirst(k), index: index - k) + [subtreeRoot(leaves.prefix(k))]
    }

    /// Recomputes the root from the leaf, consuming the path from its end
    /// (the sibling nearest the root is last), as RFC 6962 verifies.
    private static func climb(_ leaf: [UInt8], index: Int, size: Int, path: inout ArraySlice<[UInt8]>) -> [UInt8]? {
        if size == 1 { return leaf }
        let k = largestPowerOfTwo(below: size)
        guard let sibling = path.popLast() else { return nil }
        if index < k {
            guard let left = climb(leaf, index: index, size: k, path: &path) else { return nil }
            return nodeHash(left, sibling)
        }
        guard let right = climb(leaf, index: index - k, size: size - k, path: &path) else { return nil }
        return nodeHash(sibling, right)
    }
}
