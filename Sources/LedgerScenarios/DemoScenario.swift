import LedgerCore

/// The demo ledger's acts: the ledger opened by the Fulaerji market supervision bureau,
/// the registry, the 2022-2026 holiday calendars, then two years of activity: the
/// featured stories and routine traffic across the six key sectors, in time order.
public enum DemoScenario {
    /// When the demo ledger is opened.
    public static let opened = ActionBuilder.local(2024, 10, 8, 9, 0)
    /// The seed of the routine traffic.
    public static let seed: UInt64 = 20_221_009
    /// The demo ledger's name; `ipledger demo` replaces only a ledger of this name.
    public static let ledgerName = "富拉尔基区知识产权保护协作台账（演示）"

    /// The years of the embedded 2022-2026 holiday calendar.
    public static var embeddedCalendarYears: [JSONValue] {
        (try? JSONParser.parse(HolidayCalendarData.json))?["years"]?.arrayValue ?? []
    }

    /// Every action of the demo, in the order they are recorded.
    ///
    /// - Parameter calendarYears: the `years` of `calendar-cn.json`.
    public static func actions(calendarYears: [JSONValue] = embeddedCalendarYears) -> [JSONValue] {
        var out = ActionBuilder.registry(opened: opened, calendarYears: calendarYears, name: ledgerName)
        var heap = ActionHeap()
        for story in EnforcementStories.all + MediationStories.all + CollaborationStories.all { heap.push(story.acts) }
        let routine = RoutineCases(seed: seed, start: ActionBuilder.local(2024, 10, 14, 9, 0), lifecycles: 480, spacing: 35 * 3600)
        heap.push(routineActs(routine))
        while let action = heap.pop() { out.append(action) }
        return out
    }

    private static func routineActs(_ routine: RoutineCases) -> [(Timestamp, JSONValue)] {
        Array(routine).map { action in (Timestamp(rfc3339: action["at"]?.stringValue ?? "") ?? opened, action) }
    }
}
