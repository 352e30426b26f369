/// A value kept on the heap, shared by the copies of the state that holds it until one
/// of them changes it (copy on write).
///
/// The folded states hold their fields in one: a dictionary of a hundred thousand cases
/// then holds one reference per case instead of every field inline, grows without moving
/// the fields, and reading a case out of it copies one reference.
@usableFromInline
final class Shared<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is written only by the state that holds the box alone (it copies a
    // shared box first); for the same reason its accesses need no run-time exclusivity checks.
    @usableFromInline
    @exclusivity(unchecked)
    var value: Value

    @usableFromInline
    init(_ value: Value) { self.value = value }
}
