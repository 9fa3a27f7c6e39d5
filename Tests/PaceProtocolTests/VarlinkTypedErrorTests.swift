import PaceProtocol
import Testing

/// Errors the interfaces declare are typed values (generated from the descriptions); on the wire they are a name and
/// parameters. The two must convert both ways without loss, and each wire error reads only as its own type.
@Suite struct VarlinkTypedErrorTests {
    @Test func typedErrorsTravelAsTheirNameAndFields() {
        let invalid = VarlinkError(PaceAPI.InvalidValue(parameter: "energy", message: "From 0 to 10."))
        #expect(invalid.name == "io.pace.Daemon.InvalidValue")
        #expect(invalid.parameters == ["parameter": .string("energy"), "message": .string("From 0 to 10.")])
        #expect(
            invalid.typed(as: PaceAPI.InvalidValue.self)
                == PaceAPI.InvalidValue(parameter: "energy", message: "From 0 to 10."))
        #expect(invalid.typed(as: PaceAPI.InvalidEvent.self) == nil)
        let event = VarlinkError(PaceAPI.InvalidEvent(index: 3, reason: "no time"))
        #expect(event.parameters == ["index": .integer(3), "reason": .string("no time")])
        #expect(event.typed(as: PaceAPI.InvalidEvent.self)?.index == 3)
        #expect(VarlinkError(VarlinkService.PermissionDenied()) == .permissionDenied)
    }

    @Test func anErrorMissingAFieldDoesNotReadAsItsType() {
        #expect(
            VarlinkError("io.pace.Daemon.InvalidValue", ["message": .string("m")]).typed(as: PaceAPI.InvalidValue.self)
                == nil)
        #expect(
            VarlinkError("io.pace.Daemon.RequestTooLarge", ["limit": .string("big")]).typed(
                as: PaceAPI.RequestTooLarge.self) == nil)
    }

    /// The wire layer spells out the service errors it gives itself; they must be the interface's.
    @Test func theWireLayersOwnErrorsAreTheServiceInterfacesErrors() {
        #expect(VarlinkError.methodNotFound("a.b.C") == VarlinkError(VarlinkService.MethodNotFound(method: "a.b.C")))
        #expect(
            VarlinkError.interfaceNotFound("a.b") == VarlinkError(VarlinkService.InterfaceNotFound(interface: "a.b")))
        #expect(VarlinkError.invalidParameter("x") == VarlinkError(VarlinkService.InvalidParameter(parameter: "x")))
        #expect(VarlinkError.permissionDenied == VarlinkError(VarlinkService.PermissionDenied()))
        #expect(VarlinkError.expectedMore == VarlinkError(VarlinkService.ExpectedMore()))
    }

    @Test func everyDeclaredErrorHasItsTypesName() {
        let names = [
            PaceAPI.ActivityAlreadyRunning.name, PaceAPI.NoActivityRunning.name, PaceAPI.UnknownActivityKind.name,
            PaceAPI.RestNotRunning.name, PaceAPI.RestAlreadyRunning.name, PaceAPI.FlareNotActive.name,
            PaceAPI.OverlapsRunningActivity.name, PaceAPI.UnknownReminder.name, PaceAPI.TrialIncreaseUnavailable.name,
            PaceAPI.CalibrationFinished.name, PaceAPI.ImplausibleEntry.name, PaceAPI.InvalidValue.name,
            PaceAPI.LogUnavailable.name,
            PaceAPI.InvalidEvent.name, PaceAPI.RequestTooLarge.name, PaceAPI.MalformedRequest.name,
            PaceAPI.EventNotFound.name, PaceAPI.EventAlreadyRetracted.name, PaceAPI.NotABout.name,
            PaceAPI.AmbiguousEventID.name,
        ]
        #expect(names == PaceAPI.errorNames)
    }
}
