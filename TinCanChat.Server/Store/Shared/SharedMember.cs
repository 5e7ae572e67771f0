namespace TinCanChat.Server.Store.Shared;

/// <summary>A member of this server as the shared state should have it (put back after it was lost).</summary>
/// <param name="RoomKey">Empty while the member is on its way into its first room.</param>
/// <param name="Nick">The case-folded nickname, or empty.</param>
/// <param name="OtherRooms">Its other rooms (<c>/cap rooms</c>): key and display name.</param>
internal sealed record SharedMember(string Token, string RoomKey, string RoomDisplay, string Name, string Nick, IReadOnlyList<(string Key, string Display)> OtherRooms);
